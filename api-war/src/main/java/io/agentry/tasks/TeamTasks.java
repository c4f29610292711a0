package io.agentry.tasks;

import io.agentry.db.AtomicWrites;
import io.agentry.db.Database;
import io.agentry.db.SqlErrors;
import io.agentry.db.Times;
import io.agentry.events.EventLog;
import io.agentry.http.ApiException;
import io.agentry.http.auth.Caller;
import io.agentry.runs.RunService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.sql.SQLException;

/** A new task for a team: stored with the team run that serves it, in one transaction. */
@ApplicationScoped
public class TeamTasks {

    @Inject
    TaskStore store;

    @Inject
    RunService runs;

    @Inject
    EventLog events;

    @Inject
    Database database;

    @Transactional
    public Task insertAndRun(Caller caller, Task task) {
        task.dispatched(Times.now());
        try {
            store.insert(new AtomicWrites(), task).executeInTransaction(database);
        } catch (SQLException e) {
            if (SqlErrors.isForeignKeyViolation(e)) {
                throw ApiException.invalid("assigned_team_id", "is not a team of this organization");
            }
            throw new IllegalStateException("cannot store task " + task.getId() + ": " + e.getMessage(), e);
        }
        try {
            runs.startForTask(caller, task.getAssignedTeamId(), task.getId(), TaskService.instructions(task));
        } catch (ApiException e) {
            if (e.status() == 404) { // deleted since it was checked
                throw ApiException.invalid("assigned_team_id", "is not a team of this organization");
            }
            throw e;
        }
        events.append(task.getId(), "status", TaskService.status(task));
        return task;
    }
}
