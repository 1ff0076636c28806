package io.pagewire.actors.config;

import java.util.List;

/** One iSCSI target: its name, optional alias and logical units (ascending LUN order). */
public record TargetConfig(String iqn, String alias, List<LunConfig> luns) {
    public TargetConfig {
        luns = List.copyOf(luns);
    }
}
