package dev.jobqueue.domain;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** Maps {@link SubState} to its code. */
@Converter
public final class SubStateConverter implements AttributeConverter<SubState, Integer> {

    @Override
    public Integer convertToDatabaseColumn(SubState subState) {
        return subState.code();
    }

    @Override
    public SubState convertToEntityAttribute(Integer code) {
        return SubState.of(code);
    }
}
