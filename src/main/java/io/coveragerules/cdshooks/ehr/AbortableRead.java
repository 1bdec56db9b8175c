package io.coveragerules.cdshooks.ehr;

import ca.uhn.fhir.rest.client.apache.ApacheHttpRequest;
import ca.uhn.fhir.rest.client.api.IClientInterceptor;
import ca.uhn.fhir.rest.client.api.IHttpRequest;
import ca.uhn.fhir.rest.client.api.IHttpResponse;
import org.apache.http.client.methods.HttpRequestBase;

/**
 * One EHR read (a request, or a search and its pages) that the hook call's deadline can abandon. Cancelling a Future
 * does not stop a thread blocked on a socket; aborting the Apache HTTP request does: the connection is shut, the
 * blocked read fails at once and the thread is free for the next read. A page requested after the read was abandoned
 * is aborted before it is sent.
 */
final class AbortableRead implements IClientInterceptor {

    private volatile boolean abandoned;
    private volatile HttpRequestBase current;

    @Override
    public void interceptRequest(IHttpRequest request) {
        if (request instanceof ApacheHttpRequest apache) {
            current = apache.getApacheRequest();
            if (abandoned) {
                current.abort();
            }
        }
    }

    @Override
    public void interceptResponse(IHttpResponse response) {
        // nothing to do: only the request in flight matters
    }

    /** The deadline passed: abort the request in flight, and any the read would still make. */
    void abandon() {
        abandoned = true;
        HttpRequestBase request = current;
        if (request != null) {
            request.abort();
        }
    }
}
