package dev.wingman.servers.rest;

import dev.wingman.platform.api.ApiException;
import dev.wingman.platform.api.Authenticated;
import dev.wingman.platform.api.Caller;
import dev.wingman.platform.api.CurrentRequest;
import dev.wingman.platform.api.RateLimit;
import dev.wingman.platform.api.Scopes;
import dev.wingman.servers.internal.client.ClientServers;
import dev.wingman.servers.internal.schedules.ClientSchedules;
import dev.wingman.servers.internal.schedules.ScheduleViews;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.Map;

/**
 * Pterodactyl's client API for schedules and their tasks ({@code /api/client/servers/{server}/schedules}),
 * with Pterodactyl's paths, bodies and shapes; a schedule also takes and shows {@code timezone}.
 */
@Path("/api/client/servers/{server}/schedules")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@ApplicationScoped
@Authenticated(scope = Scopes.RESOURCE, grant = "server")
@Tag(name = "Servers")
public class ClientSchedulesResource {
    private static final String SCHEDULE_BODY = "{name, is_active, only_when_online, minute, hour, day_of_month, month, "
            + "day_of_week, timezone}: cron fields as Unix cron reads them (*, lists, ranges, steps, names); timezone an "
            + "IANA name (default UTC) the fields are read in. An absent is_active or only_when_online is false, as in "
            + "Pterodactyl.";

    @Inject
    CurrentRequest request;

    @Inject
    ClientServers actions;

    @Inject
    ClientSchedules schedules;

    /** Pterodactyl's schedule body, plus {@code timezone}. */
    public record ScheduleRequest(String name, Boolean is_active, Boolean only_when_online, String minute, String hour,
                                  String day_of_month, String month, String day_of_week, String timezone) {
        ClientSchedules.Settings settings() {
            return new ClientSchedules.Settings(name, is_active, only_when_online, minute, hour, day_of_month, month,
                    day_of_week, timezone);
        }
    }

    /** Pterodactyl's task body. */
    public record TaskRequest(String action, String payload, Integer time_offset, Integer sequence_id,
                              Boolean continue_on_failure) {
        ClientSchedules.TaskSettings settings() {
            return new ClientSchedules.TaskSettings(action, payload, time_offset, sequence_id, continue_on_failure);
        }
    }

    private static ScheduleRequest required(ScheduleRequest body) {
        if (body == null) {
            throw new ApiException(422, "The name field is required.", Map.of("field", "name"), Map.of());
        }
        return body;
    }

    private static TaskRequest required(TaskRequest body) {
        if (body == null) {
            throw new ApiException(422, "The action field is required.", Map.of("field", "action"), Map.of());
        }
        return body;
    }

    @GET
    @Operation(summary = "A server's schedules", description = "schedule.read. {object: list, data: [{object: "
            + "server_schedule, attributes: {id, name, cron: {day_of_week, day_of_month, month, hour, minute}, timezone, "
            + "is_active, is_processing, only_when_online, last_run_at, next_run_at, created_at, updated_at, "
            + "relationships: {tasks}}}]}")
    @APIResponse(responseCode = "200", description = "The schedules, each with its tasks in order")
    @APIResponse(responseCode = "409", description = "The server is installing, suspended or being transferred")
    public JsonObject list(@PathParam("server") String server) {
        return ScheduleViews.list(schedules.list(actions.access(request.requireCaller(), server)));
    }

    @POST
    @RateLimit(name = "schedule-write", limit = 60, windowSeconds = 60, key = RateLimit.Key.ACCOUNT)
    @Operation(summary = "Create a schedule", description = "schedule.create. " + SCHEDULE_BODY + " At most "
            + "wingman.schedules.max-per-server per server (409). Logged as server:schedule.create.")
    @APIResponse(responseCode = "200", description = "The schedule")
    @APIResponse(responseCode = "409", description = "The server is installing, suspended or being transferred, or has "
            + "as many schedules as it may")
    @APIResponse(responseCode = "422", description = "A field is missing or invalid (a cron field, the whole expression: "
            + "cron, the timezone): named in field")
    public JsonObject create(@PathParam("server") String server, ScheduleRequest body) {
        Caller caller = request.requireCaller();
        ClientServers.Access access = actions.access(caller, server);
        return ScheduleViews.schedule(schedules.create(caller, access, required(body).settings()));
    }

    @GET
    @Path("/{schedule}")
    @Operation(summary = "A schedule", description = "schedule.read. {object: server_schedule, attributes} with its tasks.")
    @APIResponse(responseCode = "200", description = "The schedule")
    @APIResponse(responseCode = "404", description = "No such schedule on this server")
    @APIResponse(responseCode = "409", description = "The server is installing, suspended or being transferred")
    public JsonObject get(@PathParam("server") String server, @PathParam("schedule") String schedule) {
        return ScheduleViews.schedule(schedules.get(actions.access(request.requireCaller(), server), schedule));
    }

    @POST
    @Path("/{schedule}")
    @RateLimit(name = "schedule-write", limit = 60, windowSeconds = 60, key = RateLimit.Key.ACCOUNT)
    @Operation(summary = "Change a schedule", description = "schedule.update. " + SCHEDULE_BODY + " The next run is "
            + "computed afresh. Logged as server:schedule.update.")
    @APIResponse(responseCode = "200", description = "The schedule")
    @APIResponse(responseCode = "404", description = "No such schedule on this server")
    @APIResponse(responseCode = "409", description = "The server is installing, suspended or being transferred")
    @APIResponse(responseCode = "422", description = "A field is missing or invalid: named in field")
    public JsonObject update(@PathParam("server") String server, @PathParam("schedule") String schedule,
                             ScheduleRequest body) {
        Caller caller = request.requireCaller();
        ClientServers.Access access = actions.access(caller, server);
        return ScheduleViews.schedule(schedules.update(caller, access, schedule, required(body).settings()));
    }

    @DELETE
    @Path("/{schedule}")
    @Operation(summary = "Delete a schedule", description = "schedule.delete, with its tasks. Logged as "
            + "server:schedule.delete.")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "404", description = "No such schedule on this server")
    @APIResponse(responseCode = "409", description = "The server is installing, suspended or being transferred")
    public Response delete(@PathParam("server") String server, @PathParam("schedule") String schedule) {
        Caller caller = request.requireCaller();
        schedules.delete(caller, actions.access(caller, server), schedule);
        return Response.noContent().build();
    }

    @POST
    @Path("/{schedule}/execute")
    @RateLimit(name = "schedule-execute", limit = 30, windowSeconds = 60, key = RateLimit.Key.ACCOUNT)
    @Operation(summary = "Run a schedule now", description = "schedule.update. Runs it at once on some instance, "
            + "active or not; its next due time stays. The run and each task's result are logged "
            + "(server:schedule.execute, server:task.run).")
    @APIResponse(responseCode = "202", description = "The run was started")
    @APIResponse(responseCode = "404", description = "No such schedule on this server")
    @APIResponse(responseCode = "409", description = "The server is installing, suspended or being transferred, or the "
            + "schedule is already running")
    public Response execute(@PathParam("server") String server, @PathParam("schedule") String schedule) {
        Caller caller = request.requireCaller();
        schedules.execute(caller, actions.access(caller, server), schedule);
        return Response.accepted().build();
    }

    private static final String TASK_BODY = "{action: command|power|backup, payload: the command, start|stop|restart|kill, "
            + "or a backup's ignored files (one pattern a line, may be empty), time_offset: seconds after the previous task "
            + "(0-900), sequence_id (optional: its place; later tasks move down), continue_on_failure}. A backup task "
            + "rotates out the server's oldest unlocked backup at its limit; on a server whose backup limit is 0 it is 400.";

    @POST
    @Path("/{schedule}/tasks")
    @RateLimit(name = "schedule-write", limit = 60, windowSeconds = 60, key = RateLimit.Key.ACCOUNT)
    @Operation(summary = "Add a task to a schedule", description = "schedule.update. " + TASK_BODY + " At most "
            + "wingman.schedules.max-tasks per schedule (409). Logged as server:task.create.")
    @APIResponse(responseCode = "200", description = "{object: schedule_task, attributes: {id, sequence_id, action, "
            + "payload, time_offset, is_queued, continue_on_failure, created_at, updated_at}}")
    @APIResponse(responseCode = "404", description = "No such schedule on this server")
    @APIResponse(responseCode = "400", description = "A backup task on a server whose backup limit is 0")
    @APIResponse(responseCode = "409", description = "The server is installing, suspended or being transferred, or the "
            + "schedule has as many tasks as it may")
    @APIResponse(responseCode = "422", description = "A field is missing or invalid: named in field")
    public JsonObject createTask(@PathParam("server") String server, @PathParam("schedule") String schedule,
                                 TaskRequest body) {
        Caller caller = request.requireCaller();
        ClientServers.Access access = actions.access(caller, server);
        return ScheduleViews.task(schedules.createTask(caller, access, schedule, required(body).settings()));
    }

    @POST
    @Path("/{schedule}/tasks/{task}")
    @RateLimit(name = "schedule-write", limit = 60, windowSeconds = 60, key = RateLimit.Key.ACCOUNT)
    @Operation(summary = "Change a task", description = "schedule.update. " + TASK_BODY + " Logged as server:task.update.")
    @APIResponse(responseCode = "200", description = "The task")
    @APIResponse(responseCode = "400", description = "A backup task on a server whose backup limit is 0")
    @APIResponse(responseCode = "404", description = "No such schedule on this server, or no such task in it")
    @APIResponse(responseCode = "409", description = "The server is installing, suspended or being transferred")
    @APIResponse(responseCode = "422", description = "A field is missing or invalid: named in field")
    public JsonObject updateTask(@PathParam("server") String server, @PathParam("schedule") String schedule,
                                 @PathParam("task") String task, TaskRequest body) {
        Caller caller = request.requireCaller();
        ClientServers.Access access = actions.access(caller, server);
        return ScheduleViews.task(schedules.updateTask(caller, access, schedule, task, required(body).settings()));
    }

    @DELETE
    @Path("/{schedule}/tasks/{task}")
    @Operation(summary = "Remove a task", description = "schedule.update. Later tasks move up a place. Logged as "
            + "server:task.delete.")
    @APIResponse(responseCode = "204", description = "Removed")
    @APIResponse(responseCode = "404", description = "No such schedule on this server, or no such task in it")
    @APIResponse(responseCode = "409", description = "The server is installing, suspended or being transferred")
    public Response deleteTask(@PathParam("server") String server, @PathParam("schedule") String schedule,
                               @PathParam("task") String task) {
        Caller caller = request.requireCaller();
        schedules.deleteTask(caller, actions.access(caller, server), schedule, task);
        return Response.noContent().build();
    }
}
