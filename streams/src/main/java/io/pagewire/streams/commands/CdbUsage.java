package io.pagewire.streams.commands;

import io.pagewire.protocol.scsi.BlockCdbLayout;

/**
 * A handler's CDB USAGE DATA (SPC-4 §6.35.3): one bit per CDB bit, set where the device server looks
 * at the field, clear where the bit is reserved or ignored. Byte 0 and the SERVICE ACTION field are
 * filled in by the {@link CommandTable}, which knows under which code the handler sits. The CONTROL
 * byte is left clear: NACA and LINK are refused (SAM-5 §5.2).
 */
public final class CdbUsage {

    private final byte[] bits;

    private CdbUsage(int cdbLength) {
        this.bits = new byte[cdbLength];
    }

    /** A CDB of {@code cdbLength} bytes with every bit but the opcode's reserved. */
    public static CdbUsage of(int cdbLength) {
        return new CdbUsage(cdbLength);
    }

    /**
     * The block-addressed layout: LOGICAL BLOCK ADDRESS and the length field used whole, and
     * {@code flags} in the flags byte (6-byte CDBs: the 21-bit LBA, no flags byte).
     */
    public static CdbUsage block(BlockCdbLayout layout, int flags) {
        CdbUsage usage = of(layout.cdbLength());
        if (layout == BlockCdbLayout.CDB6) {
            return usage.bits(layout.lbaOffset(), 0x1F).bytes(layout.lbaOffset() + 1, 2)
                    .bytes(layout.lengthOffset(), layout.lengthLength());
        }
        return usage.bytes(layout.lbaOffset(), layout.lbaLength())
                .bytes(layout.lengthOffset(), layout.lengthLength())
                .bits(layout.flagsOffset(), flags);
    }

    /** {@code count} whole bytes from {@code offset} are used. */
    public CdbUsage bytes(int offset, int count) {
        for (int i = offset; i < offset + count; i++) {
            bits[i] = (byte) 0xFF;
        }
        return this;
    }

    /** The bits of {@code mask} in byte {@code offset} are used. */
    public CdbUsage bits(int offset, int mask) {
        bits[offset] |= (byte) mask;
        return this;
    }

    public int cdbLength() {
        return bits.length;
    }

    /** A copy of the usage bits; byte 0 is zero. */
    public byte[] toBytes() {
        return bits.clone();
    }
}
