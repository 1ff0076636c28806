package io.pagewire.streams.commands;

import java.util.Optional;

/**
 * The mode pages MODE SENSE reports, in ascending page-code order (the order of the 3Fh "all pages"
 * answer). None is changeable (there is no MODE SELECT yet) and none is saveable (PS = 0), so the
 * default values are the current ones and the changeable mask is all zeros. Adding a page is adding
 * a constant.
 */
enum ModePage {

    /**
     * Caching, SBC-3 §6.4.5 table 180: WCE = 1 (writes may be cached: initiators then send SYNCHRONIZE
     * CACHE and FUA), RCD = 0. A unit configured with {@code write-cache = false} reports WCE = 0.
     */
    CACHING(0x08, 0x12) {
        @Override
        void writeCurrent(byte[] page) {
            page[CACHING_FLAGS] = WCE;
        }

        @Override
        void writeUnit(byte[] page, LogicalUnitInfo lu) {
            if (!lu.writeCacheEnabled()) {
                page[CACHING_FLAGS] &= ~WCE;
            }
        }
    },

    /**
     * Control, SPC-4 §7.5.8 table 472: TST 000b (one task set), GLTSD = 1 (no log parameters are
     * saved), D_SENSE = 0 (fixed-format sense), QUEUE ALGORITHM MODIFIER 1 (unrestricted reordering
     * of SIMPLE commands), QERR 00b, TAS = 0, SWP = 0, BUSY TIMEOUT PERIOD FFFFh (unlimited).
     */
    CONTROL(0x0A, 0x0A) {
        @Override
        void writeCurrent(byte[] page) {
            page[CONTROL_FLAGS] = GLTSD;
            page[CONTROL_QUEUEING] = UNRESTRICTED_REORDERING << 4;
            ParameterBytes.put16(page, BUSY_TIMEOUT_PERIOD, UNLIMITED_BUSY_TIMEOUT);
        }
    },

    /** Informational Exceptions Control, SPC-4 §7.5.10: DEXCPT = 1 (no exception reporting), MRIE 0h. */
    INFORMATIONAL_EXCEPTIONS_CONTROL(0x1C, 0x0A) {
        @Override
        void writeCurrent(byte[] page) {
            page[IEC_FLAGS] = DEXCPT;
        }
    };

    /** PAGE CODE 3Fh: every page. */
    static final int ALL_PAGES = 0x3F;
    /** SUBPAGE CODE FFh: the page with all its subpages (none here). */
    static final int ALL_SUBPAGES = 0xFF;
    static final int NO_SUBPAGE = 0x00;

    static final int CACHING_FLAGS = 2;
    static final int WCE = 0x04;
    static final int CONTROL_FLAGS = 2;
    static final int GLTSD = 0x02;
    static final int D_SENSE = 0x04;
    static final int CONTROL_QUEUEING = 3;
    static final int UNRESTRICTED_REORDERING = 1;
    static final int BUSY_TIMEOUT_PERIOD = 8;
    static final int UNLIMITED_BUSY_TIMEOUT = 0xFFFF;
    static final int IEC_FLAGS = 2;
    static final int DEXCPT = 0x08;

    private static final ModePage[] VALUES = values();
    private static final ModePage[] BY_CODE = new ModePage[ALL_PAGES + 1];

    static {
        for (ModePage page : VALUES) {
            BY_CODE[page.code] = page;
        }
    }

    private final int code;
    private final int pageLength;

    ModePage(int code, int pageLength) {
        this.code = code;
        this.pageLength = pageLength;
    }

    int code() {
        return code;
    }

    /** The whole page, header included: PAGE LENGTH + 2 bytes. */
    int length() {
        return pageLength + 2;
    }

    /** Writes the current (= default) parameter values into a page whose header is already there. */
    abstract void writeCurrent(byte[] page);

    /** Adjusts current and default values to the configuration of {@code lu}; most pages have none. */
    void writeUnit(byte[] page, LogicalUnitInfo lu) {
    }

    /** As {@link #encode(PageControl)}, with the values that depend on the unit's configuration. */
    byte[] encode(PageControl control, LogicalUnitInfo lu) {
        byte[] page = encode(control);
        if (control != PageControl.CHANGEABLE) {
            writeUnit(page, lu);
        }
        return page;
    }

    /** The page_0 format page (SPC-4 §7.5.7): PS = 0, SPF = 0, then the values {@code control} asks for. */
    byte[] encode(PageControl control) {
        byte[] page = new byte[length()];
        page[0] = (byte) code;
        page[1] = (byte) pageLength;
        if (control != PageControl.CHANGEABLE) {
            writeCurrent(page);
        }
        return page;
    }

    /**
     * The pages a PAGE CODE / SUBPAGE CODE pair selects (SPC-4 §6.11 table 165), or empty when the pair
     * names no page of this unit.
     */
    static Optional<ModePage[]> select(int pageCode, int subpageCode) {
        if (subpageCode != NO_SUBPAGE && subpageCode != ALL_SUBPAGES) {
            return Optional.empty();
        }
        if (pageCode == ALL_PAGES) {
            return Optional.of(VALUES.clone());
        }
        ModePage page = pageCode < BY_CODE.length ? BY_CODE[pageCode] : null;
        return page == null ? Optional.empty() : Optional.of(new ModePage[] {page});
    }

    /** The PC field of MODE SENSE, SPC-4 §6.11.2 table 164. */
    enum PageControl {
        CURRENT, CHANGEABLE, DEFAULT, SAVED;

        private static final PageControl[] BY_VALUE = values();

        static PageControl of(int pc) {
            return BY_VALUE[pc & 0b11];
        }
    }
}
