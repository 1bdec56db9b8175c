package io.coveragerules.cdshooks;

import java.util.List;

/** The CDS services this server offers, in discovery order. */
record HookServices(List<HookService> all) {}
