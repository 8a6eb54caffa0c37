package dev.wingman.servers.internal.schedules;

import dev.wingman.platform.api.PanelPersistence;
import dev.wingman.platform.api.ApiException;
import dev.wingman.platform.api.Caller;
import dev.wingman.platform.api.Ids;
import dev.wingman.platform.api.Jobs;
import dev.wingman.servers.api.ServersPermissions;
import dev.wingman.servers.internal.backups.Backups;
import dev.wingman.servers.internal.client.ClientServers;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Pterodactyl's schedule and task endpoints on one server (ScheduleController, TaskController):
 * each checks the caller's schedule key, refuses a server that is installing, suspended or being
 * transferred (409), checks the input (422 naming the field; nothing changes), keeps the limits
 * (schedules per server, tasks per schedule: 409) and records the change in the server's activity.
 * Running a schedule now only marks it processing and schedules its run job (202); the run itself
 * is {@link ScheduleRun}'s.
 */
@ApplicationScoped
public class ClientSchedules {
    /** Longest schedule name, as Pterodactyl's validation allows. */
    static final int MAX_NAME = 191;

    @Inject
    @PanelPersistence
    EntityManager em;

    @Inject
    ClientServers actions;

    @Inject
    Jobs jobs;

    @Inject
    Backups backups;

    @Inject
    @ConfigProperty(name = "wingman.schedules.max-per-server", defaultValue = "20")
    int maxPerServer;

    @Inject
    @ConfigProperty(name = "wingman.schedules.max-tasks", defaultValue = "10")
    int maxTasks;

    /** A schedule as the API shows it, with its tasks in order. */
    public record View(ServerSchedule schedule, List<ScheduleTask> tasks) {
    }

    /** The settings of a new or changed schedule, as the client sent them (Pterodactyl's request fields). */
    public record Settings(String name, Boolean active, Boolean onlyWhenOnline, String minute, String hour,
                           String dayOfMonth, String month, String dayOfWeek, String timezone) {
    }

    /** A new or changed task, as the client sent it. */
    public record TaskSettings(String action, String payload, Integer timeOffset, Integer sequenceId,
                               Boolean continueOnFailure) {
    }

    @Transactional
    public List<View> list(ClientServers.Access access) {
        actions.require(access, "schedule.read");
        ClientServers.available(access.server());
        List<ServerSchedule> schedules = em.createQuery("select s from ServerSchedule s where s.serverId = :server "
                + "order by s.id", ServerSchedule.class).setParameter("server", access.server().id).getResultList();
        Map<Long, List<ScheduleTask>> tasks = new LinkedHashMap<>();
        schedules.forEach(s -> tasks.put(s.id, new java.util.ArrayList<>()));
        if (!schedules.isEmpty()) {
            em.createQuery("select t from ScheduleTask t where t.scheduleId in :ids order by t.sequenceId, t.id",
                            ScheduleTask.class).setParameter("ids", tasks.keySet()).getResultList()
                    .forEach(t -> tasks.get(t.scheduleId).add(t));
        }
        return schedules.stream().map(s -> new View(s, tasks.get(s.id))).toList();
    }

    @Transactional
    public View get(ClientServers.Access access, String schedule) {
        actions.require(access, "schedule.read");
        ClientServers.available(access.server());
        return view(find(access, schedule, LockModeType.NONE));
    }

    @Transactional
    public View create(Caller caller, ClientServers.Access access, Settings settings) {
        actions.require(access, "schedule.create");
        ClientServers.available(access.server());
        String name = name(settings.name());
        ScheduleCron cron = cron(settings);
        // Creations on one server one at a time, so two at once cannot both pass the count.
        em.createNativeQuery("select pg_advisory_xact_lock(hashtext('wingman.server-schedules'), hashtext(?))")
                .setParameter(1, access.server().id).getSingleResult();
        long count = em.createQuery("select count(s) from ServerSchedule s where s.serverId = :server", Long.class)
                .setParameter("server", access.server().id).getSingleResult();
        if (count >= maxPerServer) {
            throw ApiException.conflict("This server has reached its limit of " + maxPerServer + " schedules.");
        }
        ServerSchedule schedule = new ServerSchedule(access.server().id, name, cron, flag(settings.active()),
                flag(settings.onlyWhenOnline()), Instant.now());
        em.persist(schedule);
        actions.activity(caller, access.server(), ServersPermissions.ACTIVITY_SCHEDULE_CREATE,
                Map.of("name", name, "schedule", schedule.id));
        return new View(schedule, List.of());
    }

    @Transactional
    public View update(Caller caller, ClientServers.Access access, String reference, Settings settings) {
        actions.require(access, "schedule.update");
        ClientServers.available(access.server());
        ServerSchedule schedule = locked(access, reference);
        mayRunEach(access, tasks(schedule.id));
        String name = name(settings.name());
        ScheduleCron cron = cron(settings);
        schedule.changed(name, cron, flag(settings.active()), flag(settings.onlyWhenOnline()), Instant.now());
        actions.activity(caller, access.server(), ServersPermissions.ACTIVITY_SCHEDULE_UPDATE,
                Map.of("name", name, "schedule", schedule.id));
        return view(schedule);
    }

    @Transactional
    public void delete(Caller caller, ClientServers.Access access, String reference) {
        actions.require(access, "schedule.delete");
        ClientServers.available(access.server());
        ServerSchedule schedule = locked(access, reference);
        em.remove(schedule);
        actions.activity(caller, access.server(), ServersPermissions.ACTIVITY_SCHEDULE_DELETE,
                Map.of("name", schedule.name, "schedule", schedule.id));
    }

    /** Pterodactyl's execute: the run starts at once on some instance, whether or not the schedule is active. */
    @Transactional
    public void execute(Caller caller, ClientServers.Access access, String reference) {
        actions.require(access, "schedule.update");
        ClientServers.available(access.server());
        ServerSchedule schedule = locked(access, reference);
        mayRunEach(access, tasks(schedule.id));
        String run = ScheduleRun.manualRun(schedule.id, Ids.newId());
        schedule.startedByHand(run);
        jobs.scheduleAfterCommit(ScheduleRun.NAME, run, caller.userId());
    }

    @Transactional
    public ScheduleTask createTask(Caller caller, ClientServers.Access access, String reference, TaskSettings settings) {
        actions.require(access, "schedule.update");
        ClientServers.available(access.server());
        ServerSchedule schedule = locked(access, reference);
        Checked checked = check(access, settings);
        List<ScheduleTask> tasks = tasks(schedule.id);
        if (tasks.size() >= maxTasks) {
            throw ApiException.conflict("Schedules cannot have more than " + maxTasks + " tasks associated with them. "
                    + "Creating this task would put this schedule over the limit.");
        }
        int last = tasks.isEmpty() ? 0 : tasks.getLast().sequenceId;
        int sequence = settings.sequenceId() == null || settings.sequenceId() > last ? last + 1 : settings.sequenceId();
        // Placed before an existing task: that one and every later one move up a place.
        tasks.stream().filter(t -> t.sequenceId >= sequence).forEach(t -> t.sequenceId++);
        ScheduleTask task = new ScheduleTask(schedule.id, sequence);
        task.changed(checked.action, checked.payload, checked.offset, checked.continueOnFailure);
        em.persist(task);
        actions.activity(caller, access.server(), ServersPermissions.ACTIVITY_TASK_CREATE, Map.of("name", schedule.name,
                "schedule", schedule.id, "action", checked.action.stored(), "payload", task.payloadSummary()));
        return task;
    }

    @Transactional
    public ScheduleTask updateTask(Caller caller, ClientServers.Access access, String reference, String taskId,
                                   TaskSettings settings) {
        actions.require(access, "schedule.update");
        ClientServers.available(access.server());
        ServerSchedule schedule = locked(access, reference);
        List<ScheduleTask> tasks = tasks(schedule.id);
        ScheduleTask task = task(tasks, taskId);
        mayRunEach(access, List.of(task));
        Checked checked = check(access, settings);
        if (settings.sequenceId() != null) {
            int to = Math.min(settings.sequenceId(), tasks.getLast().sequenceId);
            int from = task.sequenceId;
            // Moving down shifts the ones in between up a place, moving up shifts them down.
            tasks.stream().filter(t -> t != task).forEach(t -> {
                if (to > from && t.sequenceId > from && t.sequenceId <= to) {
                    t.sequenceId--;
                } else if (to < from && t.sequenceId >= to && t.sequenceId < from) {
                    t.sequenceId++;
                }
            });
            task.sequenceId = to;
        }
        task.changed(checked.action, checked.payload, checked.offset, checked.continueOnFailure);
        actions.activity(caller, access.server(), ServersPermissions.ACTIVITY_TASK_UPDATE, Map.of("name", schedule.name,
                "schedule", schedule.id, "action", checked.action.stored(), "payload", task.payloadSummary()));
        return task;
    }

    @Transactional
    public void deleteTask(Caller caller, ClientServers.Access access, String reference, String taskId) {
        actions.require(access, "schedule.update");
        ClientServers.available(access.server());
        ServerSchedule schedule = locked(access, reference);
        List<ScheduleTask> tasks = tasks(schedule.id);
        ScheduleTask task = task(tasks, taskId);
        mayRunEach(access, List.of(task));
        em.remove(task);
        tasks.stream().filter(t -> t.sequenceId > task.sequenceId).forEach(t -> t.sequenceId--);
        actions.activity(caller, access.server(), ServersPermissions.ACTIVITY_TASK_DELETE, Map.of("name", schedule.name,
                "schedule", schedule.id, "action", task.action.stored(), "payload", task.payloadSummary()));
    }

    private record Checked(TaskAction action, String payload, int offset, boolean continueOnFailure) {
    }

    /** 403 unless the caller holds the keys each of these tasks needs (TaskAction#permissions). */
    private void mayRunEach(ClientServers.Access access, List<ScheduleTask> tasks) {
        for (ScheduleTask task : tasks) {
            task.action.permissions(task.payload).forEach(key -> actions.require(access, key));
        }
    }

    private Checked check(ClientServers.Access access, TaskSettings settings) {
        TaskAction action = TaskAction.named(settings.action());
        if (action == TaskAction.BACKUP && backups.limitOf(access.server()) == 0) {
            throw ApiException.badRequest("A backup task cannot be created when the server's backup limit is set to 0.");
        }
        String payload = action.payload(settings.payload());
        action.permissions(payload).forEach(key -> actions.require(access, key));
        Integer offset = settings.timeOffset();
        if (offset == null) {
            throw ClientServers.invalid("time_offset", "The time offset field is required.");
        }
        if (offset < 0 || offset > ScheduleTask.MAX_OFFSET) {
            throw ClientServers.invalid("time_offset", "The time offset must be between 0 and " + ScheduleTask.MAX_OFFSET
                    + ".");
        }
        if (settings.sequenceId() != null && settings.sequenceId() < 1) {
            throw ClientServers.invalid("sequence_id", "The sequence id must be at least 1.");
        }
        return new Checked(action, payload, offset, flag(settings.continueOnFailure()));
    }

    private static String name(String name) {
        if (name == null || name.isBlank()) {
            throw ClientServers.invalid("name", "The name field is required.");
        }
        if (name.length() > MAX_NAME) {
            throw ClientServers.invalid("name", "The name may not be greater than " + MAX_NAME + " characters.");
        }
        if (name.indexOf('\0') >= 0) {
            throw ClientServers.invalid("name", "The name may not contain a NUL character.");
        }
        return name.trim();
    }

    private static ScheduleCron cron(Settings s) {
        return ScheduleCron.of(s.minute(), s.hour(), s.dayOfMonth(), s.month(), s.dayOfWeek(), s.timezone());
    }

    /** Pterodactyl reads an absent flag as false. */
    private static boolean flag(Boolean value) {
        return value != null && value;
    }


    /**
     * The schedule to change, its row locked until the commit: changes to a schedule and its tasks
     * (places shifted, limits counted), and a run's steps (ScheduleRunStore), go one at a time, so
     * none is written over another's and no two tasks end up sharing a place.
     */
    private ServerSchedule locked(ClientServers.Access access, String reference) {
        return find(access, reference, LockModeType.PESSIMISTIC_WRITE);
    }

    private ServerSchedule find(ClientServers.Access access, String reference, LockModeType lock) {
        Long id = number(reference);
        ServerSchedule schedule = id == null ? null : em.find(ServerSchedule.class, id, lock);
        if (schedule == null || !schedule.serverId.equals(access.server().id)) {
            throw ApiException.notFound("The requested resource was not found on this server.");
        }
        return schedule;
    }

    private static ScheduleTask task(List<ScheduleTask> tasks, String reference) {
        Long id = number(reference);
        return tasks.stream().filter(t -> t.id.equals(id)).findFirst()
                .orElseThrow(() -> ApiException.notFound("The requested resource was not found on this schedule."));
    }

    private static Long number(String reference) {
        try {
            return reference == null ? null : Long.valueOf(reference);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private List<ScheduleTask> tasks(Long scheduleId) {
        return em.createQuery("select t from ScheduleTask t where t.scheduleId = :schedule order by t.sequenceId, t.id",
                ScheduleTask.class).setParameter("schedule", scheduleId).getResultList();
    }

    private View view(ServerSchedule schedule) {
        return new View(schedule, tasks(schedule.id));
    }
}
