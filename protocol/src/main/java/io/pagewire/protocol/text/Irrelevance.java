package io.pagewire.protocol.text;

/** The "Irrelevant when" conditions of RFC 7143 §13, answered with the constant Irrelevant. */
public enum Irrelevance {
    NEVER,
    /** SessionType=Discovery. */
    DISCOVERY,
    /** SessionType=Discovery, or InitialR2T=Yes and ImmediateData=No (FirstBurstLength, §13.14). */
    DISCOVERY_OR_NO_UNSOLICITED_DATA
}
