package dev.wingman.servers.internal.schedules;

import dev.wingman.platform.api.JsonSupport;
import dev.wingman.servers.internal.client.ClientViews;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

import java.util.List;

import static dev.wingman.platform.api.JsonSupport.JSON;

/** Schedules and tasks as Pterodactyl's ScheduleTransformer and TaskTransformer show them, plus {@code timezone}. */
public final class ScheduleViews {
    private ScheduleViews() {
    }

    public static JsonObject list(List<ClientSchedules.View> schedules) {
        JsonArrayBuilder data = JSON.createArrayBuilder();
        schedules.forEach(s -> data.add(schedule(s)));
        return JSON.createObjectBuilder().add("object", "list").add("data", data).build();
    }

    public static JsonObject schedule(ClientSchedules.View view) {
        ServerSchedule s = view.schedule();
        JsonArrayBuilder tasks = JSON.createArrayBuilder();
        view.tasks().forEach(t -> tasks.add(task(t)));
        JsonObjectBuilder attributes = JSON.createObjectBuilder()
                .add("id", s.id)
                .add("name", s.name)
                .add("cron", JSON.createObjectBuilder()
                        .add("day_of_week", s.cron.dayOfWeek())
                        .add("day_of_month", s.cron.dayOfMonth())
                        .add("month", s.cron.month())
                        .add("hour", s.cron.hour())
                        .add("minute", s.cron.minute()))
                .add("timezone", s.cron.timezone())
                .add("is_active", s.active)
                .add("is_processing", s.processing)
                .add("only_when_online", s.onlyWhenOnline);
        attributes.add("last_run_at", JsonSupport.atomOrNull(s.lastRunAt));
        attributes.add("next_run_at", JsonSupport.atomOrNull(s.nextRunAt));
        attributes.add("created_at", JsonSupport.atomOrNull(s.createdAt));
        attributes.add("updated_at", JsonSupport.atomOrNull(s.updatedAt));
        attributes.add("relationships", JSON.createObjectBuilder().add("tasks", JSON.createObjectBuilder()
                .add("object", "list").add("data", tasks)));
        return JSON.createObjectBuilder().add("object", "server_schedule").add("attributes", attributes).build();
    }

    public static JsonObject task(ScheduleTask t) {
        JsonObjectBuilder attributes = JSON.createObjectBuilder()
                .add("id", t.id)
                .add("sequence_id", t.sequenceId)
                .add("action", t.action.stored())
                .add("payload", t.payload)
                .add("time_offset", t.timeOffset)
                .add("is_queued", t.queued)
                .add("continue_on_failure", t.continueOnFailure);
        attributes.add("created_at", JsonSupport.atomOrNull(t.createdAt));
        attributes.add("updated_at", JsonSupport.atomOrNull(t.updatedAt));
        return JSON.createObjectBuilder().add("object", "schedule_task").add("attributes", attributes).build();
    }

}
