package io.pagewire.streams.commands;

import java.util.Optional;

/**
 * The mode pages MODE SENSE reports, in ascending page-code order (the order of the 3Fh "all pages"
 * answer). The fields of {@link ModeParameters} are changeable with MODE SELECT (WCE, D_SENSE, SWP);
 * everything else is fixed. Adding a page is adding a constant.
 */
enum ModePage {

    /**
     * Caching, SBC-3 §6.4.5 table 180: WCE = 1 (writes may be cached: initiators then send SYNCHRONIZE
     * CACHE and FUA), RCD = 0. A unit configured with {@code write-cache = false} reports WCE = 0.
     */
    CACHING(0x08, 0x12) {
        @Override
        void write(byte[] page, ModeParameters values) {
            page[CACHING_FLAGS] = (byte) (values.writeCacheEnabled() ? WCE : 0);
        }

        @Override
        void writeChangeable(byte[] page) {
            page[CACHING_FLAGS] = WCE;
        }

        @Override
        ModeParameters read(byte[] page, int offset, ModeParameters values) {
            return new ModeParameters((page[offset + CACHING_FLAGS] & WCE) != 0, values.descriptorSense(),
                    values.softwareWriteProtect());
        }
    },

    /**
     * Control, SPC-4 §7.5.8 table 472: TST 000b (one task set), GLTSD = 1 (no log parameters are
     * saved), D_SENSE = 0 (fixed-format sense), QUEUE ALGORITHM MODIFIER 1 (unrestricted reordering
     * of SIMPLE commands), QERR 00b, TAS = 0, SWP = 0, BUSY TIMEOUT PERIOD FFFFh (unlimited).
     */
    CONTROL(0x0A, 0x0A) {
        @Override
        void write(byte[] page, ModeParameters values) {
            page[CONTROL_FLAGS] = (byte) (GLTSD | (values.descriptorSense() ? D_SENSE : 0));
            page[CONTROL_QUEUEING] = UNRESTRICTED_REORDERING << 4;
            page[CONTROL_PROTECTION] = (byte) (values.softwareWriteProtect() ? SWP : 0);
            ParameterBytes.put16(page, BUSY_TIMEOUT_PERIOD, UNLIMITED_BUSY_TIMEOUT);
        }

        @Override
        void writeChangeable(byte[] page) {
            page[CONTROL_FLAGS] = D_SENSE;
            page[CONTROL_PROTECTION] = SWP;
        }

        @Override
        ModeParameters read(byte[] page, int offset, ModeParameters values) {
            return new ModeParameters(values.writeCacheEnabled(), (page[offset + CONTROL_FLAGS] & D_SENSE) != 0,
                    (page[offset + CONTROL_PROTECTION] & SWP) != 0);
        }
    },

    /** Informational Exceptions Control, SPC-4 §7.5.10: DEXCPT = 1 (no exception reporting), MRIE 0h. */
    INFORMATIONAL_EXCEPTIONS_CONTROL(0x1C, 0x0A) {
        @Override
        void write(byte[] page, ModeParameters values) {
            page[IEC_FLAGS] = DEXCPT;
        }
    };

    /** PAGE CODE 3Fh: every page. */
    static final int ALL_PAGES = 0x3F;
    /** SUBPAGE CODE FFh: the page with all its subpages (none here). */
    static final int ALL_SUBPAGES = 0xFF;
    static final int NO_SUBPAGE = 0x00;
    /** PS, byte 0 bit 7 of a page in MODE SENSE data: the page can be saved. */
    static final int PARAMETERS_SAVEABLE = 0x80;
    /** SPF, byte 0 bit 6: the sub_page format. */
    static final int SUBPAGE_FORMAT = 0x40;

    static final int CACHING_FLAGS = 2;
    static final int WCE = 0x04;
    static final int CONTROL_FLAGS = 2;
    static final int GLTSD = 0x02;
    static final int D_SENSE = 0x04;
    static final int CONTROL_QUEUEING = 3;
    static final int CONTROL_PROTECTION = 4;
    static final int SWP = 0x08;
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

    /** Writes the parameter values into a page whose header is already there. */
    abstract void write(byte[] page, ModeParameters values);

    /** Sets the bits MODE SELECT may change (none unless a page says otherwise). */
    void writeChangeable(byte[] page) {
    }

    /** The changeable values a MODE SELECT page at {@code offset} of {@code list} sets (the others kept). */
    ModeParameters read(byte[] list, int offset, ModeParameters values) {
        return values;
    }

    /** The page with default values (SPC-4 §7.5.7 page_0 format: PS = 0, SPF = 0). */
    byte[] encode(PageControl control) {
        return encode(control, ModeParameters.DEFAULT, ModeParameters.DEFAULT);
    }

    /**
     * The page_0 format page (PS = 1 when {@code saved} is not null: the page can be saved) with the
     * values {@code control} asks for: {@code current}, the defaults, {@code saved}, or the changeable mask.
     */
    byte[] encode(PageControl control, ModeParameters current, ModeParameters saved) {
        return encode(control, current, saved, ModeParameters.DEFAULT);
    }

    /** As above, with the unit's own default values. */
    byte[] encode(PageControl control, ModeParameters current, ModeParameters saved, ModeParameters defaults) {
        byte[] page = new byte[length()];
        page[0] = (byte) code;
        page[1] = (byte) pageLength;
        if (saved != null && changeable()) {
            page[0] |= (byte) PARAMETERS_SAVEABLE;
        }
        switch (control) {
            case CURRENT -> write(page, current);
            case DEFAULT -> write(page, defaults);
            case SAVED -> write(page, saved == null ? defaults : saved);
            case CHANGEABLE -> writeChangeable(page);
        }
        return page;
    }

    /** Whether MODE SELECT may change anything in this page. */
    boolean changeable() {
        byte[] mask = new byte[length()];
        writeChangeable(mask);
        for (byte b : mask) {
            if (b != 0) {
                return true;
            }
        }
        return false;
    }

    /** The page of this PAGE CODE, or null. */
    static ModePage byCode(int pageCode) {
        return pageCode >= 0 && pageCode < BY_CODE.length ? BY_CODE[pageCode] : null;
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
