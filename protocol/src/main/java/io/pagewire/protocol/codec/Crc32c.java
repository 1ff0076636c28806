package io.pagewire.protocol.codec;

import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * The iSCSI header and data digest: CRC32C (RFC 7143 §13.1, polynomial 0x1EDC6F41, reflected,
 * initial and final value 0xFFFFFFFF), i.e. {@link CRC32C}.
 *
 * <p>Byte order on the wire: the 32-bit CRC value goes least significant byte first. The RFC 3720
 * Appendix B.4 examples show it (32 zero bytes give CRC 0x8A9136AA, sent as {@code aa 36 91 8a}),
 * and real peers do the same: the Linux crypto API's crc32c emits {@code put_unaligned_le32}, and
 * libiscsi stores {@code crc} into byte 0 and {@code crc >> 24} into byte 3. Hence
 * {@code writeIntLE}/{@code getIntLE} everywhere a digest is written or read.
 */
final class Crc32c {
    static final int LENGTH = 4;

    private static final byte[] ZERO_PADDING = new byte[3];

    private Crc32c() {
    }

    /** Adds {@code length} bytes of {@code buf} from {@code index} to {@code crc}, without copying. */
    static void update(CRC32C crc, ByteBuf buf, int index, int length) {
        if (length == 0) {
            return;
        }
        if (buf.hasArray()) {
            crc.update(buf.array(), buf.arrayOffset() + index, length);
        } else if (buf.nioBufferCount() == 1) {
            crc.update(buf.nioBuffer(index, length));
        } else {
            for (ByteBuffer part : buf.nioBuffers(index, length)) {
                crc.update(part);
            }
        }
    }

    /** The digest of {@code length} bytes of {@code buf} from {@code index}. */
    static int of(ByteBuf buf, int index, int length) {
        CRC32C crc = new CRC32C();
        update(crc, buf, index, length);
        return (int) crc.getValue();
    }

    /** The data digest: the readable bytes of {@code data} followed by their zero padding (§11.1). */
    static int ofPaddedData(ByteBuf data) {
        CRC32C crc = new CRC32C();
        update(crc, data, data.readerIndex(), data.readableBytes());
        crc.update(ZERO_PADDING, 0, Bhs.padding(data.readableBytes()));
        return (int) crc.getValue();
    }
}
