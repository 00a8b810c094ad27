package dev.jobqueue.domain;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** Maps {@link JobState} to its code. */
@Converter
public final class JobStateConverter implements AttributeConverter<JobState, Integer> {

    @Override
    public Integer convertToDatabaseColumn(JobState state) {
        return state.code();
    }

    @Override
    public JobState convertToEntityAttribute(Integer code) {
        return JobState.fromCode(code);
    }
}
