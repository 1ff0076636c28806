package io.pagewire.protocol.pdu;

/** RFC 1982 serial number arithmetic with SERIAL_BITS = 32, as RFC 7143 §4.2.2.1 requires. */
public final class SerialNumber {
    private SerialNumber() {
    }

    /** s1 &lt; s2 in serial arithmetic. */
    public static boolean lessThan(int s1, int s2) {
        return s1 != s2 && (s2 - s1) > 0;
    }

    public static boolean lessOrEqual(int s1, int s2) {
        return s1 == s2 || lessThan(s1, s2);
    }

    public static boolean greaterThan(int s1, int s2) {
        return lessThan(s2, s1);
    }

    /** True when {@code lo <= s <= hi} in serial arithmetic (an empty window when hi = lo - 1). */
    public static boolean inWindow(int s, int lo, int hi) {
        return lessOrEqual(lo, s) && lessOrEqual(s, hi);
    }
}
