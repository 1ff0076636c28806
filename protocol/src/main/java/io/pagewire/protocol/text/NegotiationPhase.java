package io.pagewire.protocol.text;

/** Where a text negotiation takes place: one of the two login stages, or a Text Request in FFP. */
public enum NegotiationPhase {
    SECURITY,
    OPERATIONAL,
    FULL_FEATURE
}
