package io.coveragerules.cdshooks;

import io.coveragerules.cdshooks.events.HookCallAnswered;
import java.util.List;

/** One CDS service: what discovery says of it, and how it answers a call. */
interface HookService {

    CdsJson.Service descriptor();

    Answer call(HookRequest request);

    /** The response and, for the audit trail, what was decided about each order. */
    record Answer(CdsJson.Response response, List<HookCallAnswered.OrderDecision> decisions) {}

    default String id() {
        return descriptor().id();
    }

    default String hook() {
        return descriptor().hook();
    }
}
