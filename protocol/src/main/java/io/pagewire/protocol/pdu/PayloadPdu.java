package io.pagewire.protocol.pdu;

import io.netty.buffer.ByteBuf;
import io.netty.util.ReferenceCounted;

/**
 * A PDU with a data segment. The PDU owns exactly one reference to {@link #data()} (an empty
 * buffer when the segment is absent); releasing the PDU releases the segment. On the read side the
 * segment is a retained slice of the socket buffer, never a copy; on the write side it is appended
 * to the header as is (gathering write).
 */
public sealed interface PayloadPdu extends Pdu, ReferenceCounted
        permits NopOut, ScsiCommand, LoginRequest, TextRequest, DataOut, NopIn, ScsiResponse,
                LoginResponse, TextResponse, DataIn, AsyncMessage, Reject {

    ByteBuf data();

    @Override
    default int refCnt() {
        return data().refCnt();
    }

    @Override
    default PayloadPdu retain() {
        data().retain();
        return this;
    }

    @Override
    default PayloadPdu retain(int increment) {
        data().retain(increment);
        return this;
    }

    @Override
    default PayloadPdu touch() {
        data().touch();
        return this;
    }

    @Override
    default PayloadPdu touch(Object hint) {
        data().touch(hint);
        return this;
    }

    @Override
    default boolean release() {
        return data().release();
    }

    @Override
    default boolean release(int decrement) {
        return data().release(decrement);
    }
}
