package dev.jobqueue.docs;

// Compiled copy of a sample in docs/workflows.md: keep the two the same.
import dev.jobqueue.domain.Batch;
import dev.jobqueue.domain.BatchProgress;
import dev.jobqueue.domain.JobType;
import dev.jobqueue.handler.JobHandler;
import dev.jobqueue.scheduling.JobScheduler;
import dev.jobqueue.scheduling.Jobs;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

@Component
class Album {

    static final JobType RESIZE = JobType.of(20);
    static final JobType ALBUM_READY = JobType.of(21);

    record Counts(String id, int total, int succeeded, int failed, int cancelled) {}

    record AlbumReady(long albumId, Counts batch) {}

    Batch publish(JobScheduler scheduler, long albumId, List<Long> imageIds) {
        JobScheduler.BatchDraft batch = scheduler.batch();
        for (long imageId : imageIds) {
            batch.add(scheduler.job(RESIZE, Map.of("imageId", imageId)));
        }
        return batch.whenFinished(scheduler.job(ALBUM_READY, Map.of("albumId", albumId)))
                .schedule();
    }

    void progress(Jobs jobs, Batch batch) {
        BatchProgress progress = jobs.batch(batch.id()).orElseThrow();
        System.out.println(progress.succeeded() + progress.failed() + progress.cancelled() + " of " + progress.total()
                + " done, " + progress.remaining() + " to go");
    }

    @JobHandler(id = 21, name = "album-ready")
    void albumReady(AlbumReady ready) {
        // ready.batch().failed() members could not be resized
    }
}
