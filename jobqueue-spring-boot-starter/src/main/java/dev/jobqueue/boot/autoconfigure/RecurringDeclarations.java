package dev.jobqueue.boot.autoconfigure;

import dev.jobqueue.domain.InvalidJobInputException;
import dev.jobqueue.domain.JobType;
import dev.jobqueue.domain.Tenant;
import dev.jobqueue.recurring.MissedRuns;
import dev.jobqueue.recurring.Recurring;
import dev.jobqueue.recurring.RecurringJob;
import dev.jobqueue.recurring.internal.DeclaredSchedules.Declared;
import dev.jobqueue.recurring.internal.RecurringAnnotations;
import dev.jobqueue.worker.HandlerMethod;
import dev.jobqueue.worker.JobHandlerRegistry;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.convert.DurationStyle;

/**
 * The recurring jobs this node declares: those of {@code @Recurring} annotations, with the values
 * of {@code jobqueue.recurring.<name>.*} laid over a schedule of the same name. Errors name the
 * property or the annotation.
 */
final class RecurringDeclarations {

    private RecurringDeclarations() {}

    static List<Declared> of(
            RecurringAnnotations annotations, Map<String, RecurringProperties> yaml, JobHandlerRegistry registry) {
        Map<String, RecurringJob> fromCode = new LinkedHashMap<>();
        for (RecurringAnnotations.Found found : annotations.all()) {
            RecurringJob job = fromAnnotation(found);
            if (fromCode.put(job.name(), job) != null) {
                throw new InvalidJobInputException(
                        "name",
                        "@Recurring name '" + job.name() + "' is declared twice;" + " give each schedule its own name");
            }
        }
        List<Declared> declared = new ArrayList<>();
        fromCode.forEach((name, job) -> {
            if (!yaml.containsKey(name)) {
                declared.add(new Declared(job, true));
            }
        });
        yaml.forEach((name, properties) -> declared.add(
                new Declared(fromYaml(name, properties, fromCode.get(name), registry), properties.isEnabled())));
        return declared;
    }

    private static RecurringJob fromAnnotation(RecurringAnnotations.Found found) {
        Recurring recurring = found.recurring();
        String name = recurring.name().isEmpty() ? found.handlerName() : recurring.name();
        Duration interval = recurring.interval().isEmpty() ? null : DurationStyle.detectAndParse(recurring.interval());
        return new RecurringJob(
                name,
                found.type(),
                Tenant.of(recurring.tenant()),
                recurring.cron().isEmpty() ? null : recurring.cron(),
                interval,
                zone("@Recurring(zone) of " + name, recurring.zone()),
                recurring.payload().isEmpty() ? null : recurring.payload(),
                recurring.missed(),
                recurring.missedLimit());
    }

    private static RecurringJob fromYaml(
            String name, RecurringProperties yaml, @Nullable RecurringJob base, JobHandlerRegistry registry) {
        String prefix = "jobqueue.recurring." + name + ".";
        JobType type = yaml.getType() != null
                ? type(prefix + "type", yaml.getType(), registry)
                : base != null ? base.type() : null;
        if (type == null) {
            throw new InvalidJobInputException(
                    prefix + "type",
                    prefix + "type must name a @JobHandler (its name or" + " its number 0..255) but was unset");
        }
        boolean timed = yaml.getCron() != null || yaml.getInterval() != null;
        String cron = timed ? yaml.getCron() : base == null ? null : base.cron();
        Duration interval = timed ? yaml.getInterval() : base == null ? null : base.interval();
        ZoneId zone = yaml.getZone() != null
                ? zone(prefix + "zone", yaml.getZone())
                : base != null ? base.zone() : ZoneId.of("UTC");
        Object payload = yaml.getPayload() != null ? yaml.getPayload() : base == null ? null : base.payload();
        int tenant = yaml.getTenant() != null
                ? yaml.getTenant()
                : base == null ? 0 : base.tenant().value();
        MissedRuns missed =
                yaml.getMissed() != null ? yaml.getMissed() : base == null ? MissedRuns.ONCE : base.missed();
        int limit = yaml.getMissedLimit() != null ? yaml.getMissedLimit() : base == null ? 10 : base.missedLimit();
        if (tenant < 0 || tenant > 255) {
            throw InvalidJobInputException.outOfRange(prefix + "tenant", 0, 255, tenant);
        }
        try {
            return new RecurringJob(name, type, Tenant.of(tenant), cron, interval, zone, payload, missed, limit);
        } catch (InvalidJobInputException e) {
            throw new InvalidJobInputException(prefix + e.field(), prefix + e.field() + ": " + e.getMessage());
        }
    }

    private static JobType type(String property, String value, JobHandlerRegistry registry) {
        if (value.chars().allMatch(Character::isDigit) && !value.isEmpty() && value.length() < 4) {
            int id = Integer.parseInt(value);
            if (id > 255) {
                throw InvalidJobInputException.outOfRange(property, 0, 255, id);
            }
            return JobType.of(id);
        }
        return registry.forName(value)
                .map(HandlerMethod::type)
                .orElseThrow(() -> new InvalidJobInputException(
                        property,
                        property + " must name a @JobHandler (its name or its number 0..255) but was '" + value
                                + "', which no handler of this application is named"));
    }

    private static ZoneId zone(String what, String zone) {
        try {
            return ZoneId.of(zone);
        } catch (DateTimeException e) {
            throw new InvalidJobInputException(
                    what, what + " must be a time zone id such as Europe/Berlin or UTC" + " but was '" + zone + "'");
        }
    }
}
