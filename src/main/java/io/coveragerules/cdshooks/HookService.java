package io.coveragerules.cdshooks;

/** One CDS service: what discovery says of it, and how it answers a call. */
public interface HookService {

    CdsJson.Service descriptor();

    CdsJson.Response call(HookRequest request);

    default String id() {
        return descriptor().id();
    }

    default String hook() {
        return descriptor().hook();
    }
}
