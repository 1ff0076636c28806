package io.pagewire.streams.pipeline;

/**
 * What flows out of the I/O stage: the result already handed to the request's callback, and what
 * the callback threw, if anything (null otherwise). Only counted by {@link OutcomeSink}.
 */
record Outcome(IoResult result, Throwable callbackFailure) {
}
