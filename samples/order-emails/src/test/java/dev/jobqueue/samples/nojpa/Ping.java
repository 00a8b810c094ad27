package dev.jobqueue.samples.nojpa;

/** The payload of {@link PingHandler}'s jobs. */
record Ping(String text) {}
