package io.pagewire.actors.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class CmdSnWindowTest {

    @Test
    void classifiesAgainstExpCmdSnAndMaxCmdSn() {
        CmdSnWindow window = new CmdSnWindow(10, 4); // accepts 10..13
        assertEquals(CmdSnWindow.Position.EXPECTED, window.classify(10));
        assertEquals(CmdSnWindow.Position.AHEAD, window.classify(13));
        assertEquals(CmdSnWindow.Position.OUTSIDE, window.classify(14));
        assertEquals(CmdSnWindow.Position.OUTSIDE, window.classify(9));
    }

    @Test
    void maxCmdSnFollowsFreeSlotsAndNeverGoesBack() {
        CmdSnWindow window = new CmdSnWindow(1, 4);
        assertEquals(4, window.maxCmdSn());
        window.consume();
        window.consume();
        window.update(2); // two running: ExpCmdSN 3, two free slots → 4
        assertEquals(4, window.maxCmdSn());
        window.update(4); // would be 2: announced values never shrink
        assertEquals(4, window.maxCmdSn());
        window.update(0);
        assertEquals(6, window.maxCmdSn());
    }

    @Test
    void heldWindowStopsAdvancing() {
        CmdSnWindow window = new CmdSnWindow(1, 4);
        window.hold(true);
        window.consume();
        window.update(0);
        assertEquals(4, window.maxCmdSn());
        window.hold(false);
        window.update(0);
        assertEquals(5, window.maxCmdSn());
    }

    @Test
    void wrapsAroundTheSerialNumberSpace() {
        CmdSnWindow window = new CmdSnWindow(0xfffffffe, 4); // 0xfffffffe..1
        assertEquals(CmdSnWindow.Position.AHEAD, window.classify(1));
        assertEquals(CmdSnWindow.Position.OUTSIDE, window.classify(2));
        assertEquals(1, window.maxCmdSn());
    }
}
