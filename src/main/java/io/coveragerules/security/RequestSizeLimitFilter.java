package io.coveragerules.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses request bodies over {@code crd.input.max-request-size} with 413 and an OperationOutcome: at once when the
 * Content-Length says so, and mid-stream for a chunked body that grows past it.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class RequestSizeLimitFilter extends OncePerRequestFilter {

    private final long maxBytes;

    RequestSizeLimitFilter(InputLimits limits) {
        this.maxBytes = limits.maxRequestSize().toBytes();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getContentLengthLong() > maxBytes) {
            tooLarge(response);
            return;
        }
        try {
            chain.doFilter(new LimitedRequest(request, maxBytes), response);
        } catch (IOException | ServletException e) {
            if (!causedByTooLargeBody(e)) {
                throw e;
            }
            if (!response.isCommitted()) {
                response.reset();
                tooLarge(response);
            }
        }
    }

    /** Whether the body limit is behind this failure, however deep the reader that met it wrapped it. */
    public static boolean causedByTooLargeBody(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof BodyTooLargeException) {
                return true;
            }
        }
        return false;
    }

    private void tooLarge(HttpServletResponse response) throws IOException {
        response.setStatus(413);
        response.setContentType("application/json");
        response.getOutputStream()
                .write(("{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"error\","
                                + "\"code\":\"too-long\",\"details\":{\"text\":\"HTTP-413\"},\"diagnostics\":\"The request body is larger than "
                                + maxBytes + " bytes, the most this server accepts (crd.input.max-request-size).\"}]}")
                        .getBytes(StandardCharsets.UTF_8));
    }

    /** Thrown while a body is read past the limit; handlers that meet it answer 413. */
    public static final class BodyTooLargeException extends IOException {
        BodyTooLargeException() {
            super("request body over the size limit");
        }
    }

    private static final class LimitedRequest extends HttpServletRequestWrapper {

        private final long maxBytes;
        private ServletInputStream stream;

        LimitedRequest(HttpServletRequest request, long maxBytes) {
            super(request);
            this.maxBytes = maxBytes;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                ServletInputStream in = super.getInputStream();
                stream = new ServletInputStream() {
                    private long read;

                    @Override
                    public int read() throws IOException {
                        int b = in.read();
                        if (b >= 0 && ++read > maxBytes) {
                            throw new BodyTooLargeException();
                        }
                        return b;
                    }

                    @Override
                    public int read(byte[] buffer, int offset, int length) throws IOException {
                        int n = in.read(buffer, offset, length);
                        if (n > 0 && (read += n) > maxBytes) {
                            throw new BodyTooLargeException();
                        }
                        return n;
                    }

                    @Override
                    public boolean isFinished() {
                        return in.isFinished();
                    }

                    @Override
                    public boolean isReady() {
                        return in.isReady();
                    }

                    @Override
                    public void setReadListener(ReadListener listener) {
                        in.setReadListener(listener);
                    }
                };
            }
            return stream;
        }
    }
}
