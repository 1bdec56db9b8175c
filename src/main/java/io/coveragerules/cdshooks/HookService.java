package io.coveragerules.cdshooks;

/** One CDS service: what discovery says of it, and how it answers a call. */
public interface HookService {

    CdsJson.Service descriptor();

    Answer call(HookRequest request);

    /** The response and, for the audit trail, what was decided about each order. */
    record Answer(
            CdsJson.Response response,
            java.util.List<io.coveragerules.coverage.HookAnswered.OrderDecision> decisions) {}

    default String id() {
        return descriptor().id();
    }

    default String hook() {
        return descriptor().hook();
    }
}
