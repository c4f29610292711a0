package io.agentry.compat.postgrest;

import io.agentry.http.auth.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A PATCH or DELETE of several rows, one service call per row, in one transaction: like the
 * single statement PostgREST would run, it changes every row or none.
 */
@ApplicationScoped
public class LegacyWrites {

    @Transactional
    public List<Object> update(LegacyTable table, Caller caller, List<UUID> ids, byte[] body) {
        List<Object> changed = new ArrayList<>(ids.size());
        for (UUID id : ids) {
            changed.add(table.update().apply(caller, new LegacyTable.UpdateOf(id, body)));
        }
        return changed;
    }

    @Transactional
    public void delete(LegacyTable table, Caller caller, List<UUID> ids) {
        for (UUID id : ids) {
            table.delete().apply(caller, id);
        }
    }
}
