package io.coveragerules.audit;

import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableAsync;

/** Audit records are written on Spring's task executor, not on the thread answering the EHR. */
@Configuration(proxyBeanMethods = false)
@EnableAsync
class AsyncConfiguration {}
