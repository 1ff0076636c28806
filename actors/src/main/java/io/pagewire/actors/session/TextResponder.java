package io.pagewire.actors.session;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.pagewire.protocol.codec.PduEncoder;
import io.pagewire.protocol.pdu.TextRequest;
import io.pagewire.protocol.pdu.TextResponse;
import io.pagewire.protocol.text.TextExchange;
import io.pagewire.protocol.text.TextStep;

/** Answers Text Requests in full-feature phase (SendTargets, continuation), RFC 7143 §11.10. */
final class TextResponder {
    private final TextExchange exchange;

    TextResponder(TextExchange exchange) {
        this.exchange = exchange;
    }

    /** Takes ownership of the request. */
    void answer(TextRequest request, Wire wire) {
        TextStep step;
        try {
            step = exchange.onRequest(request);
        } finally {
            request.release();
        }
        if (step instanceof TextStep.Answer answer) {
            wire.send((statSn, exp, max) -> new TextResponse(answer.finalFlag(), answer.cont(), request.lun(),
                    request.itt(), answer.ttt(), statSn, exp, max, Unpooled.wrappedBuffer(answer.data())));
        } else if (step instanceof TextStep.RejectPdu reject) {
            wire.reject(reject.reason().value(), bhs(request));
        }
    }

    private static byte[] bhs(TextRequest request) {
        ByteBuf buf = Unpooled.buffer(48);
        try {
            PduEncoder.writeBhs(new TextRequest(request.immediate(), request.finalFlag(), request.cont(), request.lun(),
                    request.itt(), request.ttt(), request.cmdSn(), request.expStatSn(), Unpooled.EMPTY_BUFFER), buf);
            return ByteBufUtil.getBytes(buf, 0, 48);
        } finally {
            buf.release();
        }
    }
}
