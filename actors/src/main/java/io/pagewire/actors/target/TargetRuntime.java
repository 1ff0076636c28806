package io.pagewire.actors.target;

import io.pagewire.protocol.scsi.LunAddress;

import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/** One served target: its name, alias, and logical units by number. Immutable after start. */
public record TargetRuntime(String iqn, String alias, NavigableMap<Integer, LogicalUnit> luns) {
    public TargetRuntime(String iqn, String alias, Map<Integer, LogicalUnit> luns) {
        this(iqn, alias, java.util.Collections.unmodifiableNavigableMap(new TreeMap<>(luns)));
    }

    /** @return the LU the 8-byte LUN field addresses, or null. */
    public LogicalUnit lun(long lunField) {
        int number = LunAddress.decode(lunField);
        return number < 0 ? null : luns.get(number);
    }

    public List<Integer> lunNumbers() {
        return List.copyOf(luns.keySet());
    }
}
