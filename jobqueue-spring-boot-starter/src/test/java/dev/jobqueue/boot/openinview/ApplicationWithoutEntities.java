package dev.jobqueue.boot.openinview;

/** A main class whose package holds no JPA entity, for the Open Session in View default's tests. */
public final class ApplicationWithoutEntities {

    private ApplicationWithoutEntities() {}
}
