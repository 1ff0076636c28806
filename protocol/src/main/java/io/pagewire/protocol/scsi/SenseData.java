package io.pagewire.protocol.scsi;

/**
 * PLACEHOLDER contract, to be completed: sense data for CHECK CONDITION (SPC-4 §4.5).
 * API the other modules rely on:
 *   static SenseData of(SenseCode code)
 *   static SenseData of(SenseCode code, long information)   // INFORMATION field valid
 *   SenseCode code()
 *   byte[] encode(boolean descriptorFormat)                  // 0x70 fixed / 0x72 descriptor
 */
public final class SenseData {
    private SenseData() {
    }
}
