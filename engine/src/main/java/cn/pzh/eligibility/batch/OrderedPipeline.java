package cn.pzh.eligibility.batch;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The one pipeline every stream of households goes through ({@code batch}, {@code evaluate --jsonl}, the service's
 * jobs, the register's runs): the calling thread cuts the input into chunks, a fixed pool of workers (one per core)
 * turns each chunk into its result, and one writer thread hands the results on in input order. At most two chunks per
 * worker are in flight, so memory does not grow with the input however long it is.
 *
 * <p>It knows nothing of households: the chunk source, the work and the sink are the caller's.
 */
public final class OrderedPipeline {

    private OrderedPipeline() {
    }

    /** The next chunk of input, or null at the end; called on the calling thread only. */
    public interface Chunks<C> {
        C next() throws Exception;
    }

    /** What a worker makes of one chunk. Must not share mutable state with other chunks. */
    public interface Work<C, R> {
        R apply(C chunk) throws Exception;
    }

    /** Takes every result, in input order, on one thread. */
    public interface Sink<R> {
        void accept(R result) throws Exception;
    }

    /**
     * Runs the pipeline to the end of {@code chunks}, or to the first failure of the source, a worker or the sink,
     * which is thrown here as it was (unchecked as it is, checked wrapped in {@link ExecutionException}).
     */
    public static <C, R> void run(Chunks<C> chunks, Work<C, R> work, Sink<R> sink, int threads)
            throws Exception {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1");
        }
        ExecutorService workers = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "pipeline-worker");
            t.setDaemon(true);
            return t;
        });
        BlockingQueue<Future<R>> queue = new ArrayBlockingQueue<>(2 * threads);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Future<R> end = CompletableFuture.completedFuture(null);
        Thread writer = new Thread(() -> {
            try {
                while (true) {
                    Future<R> f = queue.take();
                    if (f == end) {
                        return;
                    }
                    sink.accept(unwrap(f));
                }
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
            }
        }, "pipeline-writer");
        writer.setDaemon(true);
        writer.start();
        Exception sourceFailure = null;
        try {
            while (failure.get() == null) {
                C chunk = chunks.next();
                if (chunk == null) {
                    break;
                }
                Callable<R> task = () -> work.apply(chunk);
                Future<R> f = workers.submit(task);
                while (!queue.offer(f, 200, TimeUnit.MILLISECONDS)) {
                    if (failure.get() != null) {
                        break;
                    }
                }
            }
        } catch (Exception e) {
            sourceFailure = e;
        }
        try {
            // The writer finishes what is queued (a failed source still leaves every earlier chunk written), then stops.
            while (writer.isAlive() && !queue.offer(end, 200, TimeUnit.MILLISECONDS)) {
                // the writer is behind: wait for room for the end marker
            }
            writer.join();
        } finally {
            workers.shutdownNow();
        }
        if (sourceFailure != null) {
            throw sourceFailure;
        }
        Throwable t = failure.get();
        if (t instanceof Exception e) {
            throw e;
        }
        if (t instanceof Error e) {
            throw e;
        }
    }

    /** A worker's result, or what it threw as it was. */
    private static <R> R unwrap(Future<R> f) throws Exception {
        try {
            return f.get();
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof Exception ex) {
                throw ex;
            }
            if (c instanceof Error er) {
                throw er;
            }
            throw e;
        }
    }
}
