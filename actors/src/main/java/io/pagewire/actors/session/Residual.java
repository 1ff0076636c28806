package io.pagewire.actors.session;

/**
 * The residual of a command (RFC 7143 §11.4.5): how the bytes the command moves compare with the
 * Expected Data Transfer Length the initiator gave.
 */
record Residual(boolean overflow, boolean underflow, int count) {
    static final Residual NONE = new Residual(false, false, 0);

    /** {@code commandBytes}: what the CDB asks to move; {@code edtl}: what the initiator expects. */
    static Residual of(long commandBytes, long edtl) {
        if (commandBytes > edtl) {
            return new Residual(true, false, (int) Math.min(commandBytes - edtl, 0xffffffffL));
        }
        if (commandBytes < edtl) {
            return new Residual(false, true, (int) (edtl - commandBytes));
        }
        return NONE;
    }
}
