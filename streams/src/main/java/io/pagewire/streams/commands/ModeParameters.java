package io.pagewire.streams.commands;

/**
 * The changeable mode parameters of a logical unit (what MODE SELECT may set): WCE of the Caching
 * page (SBC-3 §6.4.5), D_SENSE and SWP of the Control page (SPC-4 §7.5.8). Every other field of
 * every page is fixed.
 *
 * @param writeCacheEnabled     WCE: writes may complete from the cache; 0 makes every write FUA
 * @param descriptorSense       D_SENSE: sense data in descriptor format (72h) rather than fixed (70h)
 * @param softwareWriteProtect  SWP: the medium is write-protected (writes get DATA PROTECT)
 */
public record ModeParameters(boolean writeCacheEnabled, boolean descriptorSense, boolean softwareWriteProtect) {
    /** The default values: write cache on, fixed sense, writable. */
    public static final ModeParameters DEFAULT = new ModeParameters(true, false, false);

    /** The default values of {@code lu}: WCE as its {@code write-cache} setting says. */
    public static ModeParameters forUnit(LogicalUnitInfo lu) {
        return lu.writeCacheEnabled() ? DEFAULT : new ModeParameters(false, false, false);
    }
}
