package io.pagewire.streams.pipeline;

/**
 * What one request came to: the result already handed to the request's callback, and what
 * the callback threw, if anything (null otherwise). Only counted by {@link IoHealthBook}.
 */
record Outcome(IoResult result, Throwable callbackFailure) {
}
