package io.pagewire.streams.commands;

import static io.pagewire.streams.commands.Outcomes.bytes;
import static io.pagewire.streams.commands.Outcomes.dispatch;
import static io.pagewire.streams.commands.Outcomes.expectData;

import org.junit.jupiter.api.Test;

/** INQUIRY VPD page 8Fh, Third-party Copy, byte for byte. */
class ThirdPartyCopyVpdTest {

    @Test
    void everyByte() {
        expectData(dispatch(Cdbs.inquiry(true, 0x8F, 1024)), bytes(
                0x00, 0x8F, 0x00, 0x1C,
                // Supported Commands: list length 7, 83h [00h], 84h [00h 03h]
                0x00, 0x01, 0x00, 0x08, 0x07, 0x83, 0x01, 0x00, 0x84, 0x02, 0x00, 0x03,
                // Supported Descriptors: 02h block→block, E4h identification
                0x00, 0x04, 0x00, 0x04, 0x02, 0x02, 0xE4, 0x00,
                // Supported CSCD Descriptor IDs: none
                0x00, 0x0C, 0x00, 0x04, 0x00, 0x00, 0x00, 0x00));
    }

    @Test
    void truncatedToAllocationLength() {
        expectData(dispatch(Cdbs.inquiry(true, 0x8F, 6)), bytes(0x00, 0x8F, 0x00, 0x1C, 0x00, 0x01));
    }
}
