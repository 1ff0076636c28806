package io.pagewire.protocol.text;

/** Which side may send a key, the "Senders" of RFC 7143 §13. */
public enum KeySender {
    INITIATOR,
    TARGET,
    BOTH;

    public boolean initiatorMaySend() {
        return this != TARGET;
    }
}
