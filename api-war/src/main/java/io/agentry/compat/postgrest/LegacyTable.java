package io.agentry.compat.postgrest;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.agentry.db.RowColumns;
import io.agentry.db.RowQuery;
import io.agentry.http.JacksonWriter;
import io.agentry.http.auth.Caller;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * One table of the legacy API, as the services present it: the columns it shows (the canonical
 * representation's, plus the legacy names), those it filters and orders on, and what it may do.
 * A null operation is a method the table does not have.
 */
record LegacyTable(
        Spec spec,
        Set<String> shown,
        Select select,
        Count count,
        Writer<byte[]> create,
        Writer<UpdateOf> update,
        Writer<UUID> delete,
        Function<Object, UUID> idOf,
        Shape shape) {

    /**
     * What a table is, apart from the services behind it (the OpenAPI document reads it too):
     * its scope family, the columns it filters on, legacy aliases of their names, the canonical
     * representation and collection it mirrors, the columns it adds, its methods, and the fields
     * a PATCH may set (checked before rows are looked for: a PATCH matching none is still checked).
     */
    record Spec(String name, String family, RowColumns columns, Map<String, String> aliases, Class<?> view,
                String canonicalPath, List<String> addedColumns, Set<String> methods, Set<String> updatable) {
    }

    String name() {
        return spec.name();
    }

    String family() {
        return spec.family();
    }

    RowColumns columns() {
        return spec.columns();
    }

    interface Select {
        List<?> apply(Caller caller, RowQuery query);
    }

    interface Count {
        long apply(Caller caller, RowQuery query);
    }

    interface Writer<T> {
        Object apply(Caller caller, T argument);
    }

    /** Changes a row's representation into the legacy one (an added alias, a renamed value). */
    interface Shape {
        void apply(ObjectNode row);
    }

    record UpdateOf(UUID id, byte[] body) {
    }

    /** The canonical name of a column the client named (the legacy name or the canonical one). */
    String canonical(String column) {
        return spec.aliases().getOrDefault(column, column);
    }

    /** The properties a representation shows, as Jackson names them (what {@code select=*} returns). */
    static Set<String> shownBy(Spec spec) {
        return shownBy(spec.view(), spec.addedColumns());
    }

    private static Set<String> shownBy(Class<?> view, List<String> legacyColumns) {
        JavaType type = JacksonWriter.MAPPER.constructType(view);
        Set<String> names = new LinkedHashSet<>();
        for (BeanPropertyDefinition p : JacksonWriter.MAPPER.getSerializationConfig().introspect(type).findProperties()) {
            if (p.couldSerialize()) {
                names.add(p.getName());
            }
        }
        names.addAll(legacyColumns);
        return Set.copyOf(names);
    }
}
