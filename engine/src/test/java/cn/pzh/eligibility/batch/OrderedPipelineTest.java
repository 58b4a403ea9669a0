package cn.pzh.eligibility.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class OrderedPipelineTest {

    @Test
    void resultsReachTheSinkInInputOrderWhateverOrderTheWorkersFinishIn() throws Exception {
        AtomicInteger next = new AtomicInteger();
        List<Integer> seen = new ArrayList<>();
        Random delays = new Random(7);
        int[] sleep = delays.ints(500, 0, 3).toArray();
        OrderedPipeline.run(() -> next.get() < 500 ? next.getAndIncrement() : null, i -> {
            Thread.sleep(sleep[i]);
            return i * 10;
        }, seen::add, 4);
        assertThat(seen).hasSize(500);
        for (int i = 0; i < 500; i++) {
            assertThat(seen.get(i)).isEqualTo(i * 10);
        }
    }

    @Test
    void aWorkersFailureIsThrownAsItWasAndNothingAfterItIsWritten() {
        AtomicInteger next = new AtomicInteger();
        List<Integer> seen = new ArrayList<>();
        assertThatThrownBy(() -> OrderedPipeline.run(() -> next.get() < 100 ? next.getAndIncrement() : null, i -> {
            if (i == 37) {
                throw new IllegalStateException("chunk 37");
            }
            return i;
        }, seen::add, 2)).isInstanceOf(IllegalStateException.class).hasMessage("chunk 37");
        assertThat(seen).hasSizeLessThanOrEqualTo(37).allMatch(i -> i < 37);
        for (int i = 0; i < seen.size(); i++) {
            assertThat(seen.get(i)).isEqualTo(i);
        }
    }

    @Test
    void aSinkFailureStopsTheSource() {
        AtomicInteger next = new AtomicInteger();
        assertThatThrownBy(() -> OrderedPipeline.run(() -> next.get() < 1_000_000 ? next.getAndIncrement() : null,
                i -> i, i -> {
                    if (i == 10) {
                        throw new IOException("disk full");
                    }
                }, 2)).isInstanceOf(IOException.class).hasMessage("disk full");
        // bounded: at most a few chunks in flight past the failure, never the whole input
        assertThat(next.get()).isLessThan(100);
    }

    @Test
    void aSourceFailureStillWritesEveryChunkReadBeforeIt() {
        AtomicInteger next = new AtomicInteger();
        List<Integer> seen = new ArrayList<>();
        assertThatThrownBy(() -> OrderedPipeline.run(() -> {
            if (next.get() == 20) {
                throw new IOException("input cut");
            }
            return next.getAndIncrement();
        }, i -> i, seen::add, 3)).isInstanceOf(IOException.class).hasMessage("input cut");
        assertThat(seen).hasSize(20);
    }

    @Test
    void anEmptyInputGivesNothingAndZeroThreadsIsRefused() throws Exception {
        List<Integer> seen = new ArrayList<>();
        OrderedPipeline.run(() -> null, (Integer i) -> i, seen::add, 2);
        assertThat(seen).isEmpty();
        assertThatThrownBy(() -> OrderedPipeline.run(() -> null, (Integer i) -> i, seen::add, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
