package cn.pzh.eligibility.input;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** The household reader's date check agrees with ISO YYYY-MM-DD as the JDK reads it, and refuses every other form. */
class IsoDateTest {

    @Test
    void realDaysAreRead() {
        assertThat(HouseholdReader.isoDate("2019-10-01")).isEqualTo(LocalDate.of(2019, 10, 1));
        assertThat(HouseholdReader.isoDate("2020-02-29")).isEqualTo(LocalDate.of(2020, 2, 29));
        assertThat(HouseholdReader.isoDate("1900-12-31")).isEqualTo(LocalDate.of(1900, 12, 31));
        assertThat(HouseholdReader.isoDate("0000-01-01")).isEqualTo(LocalDate.parse("0000-01-01"));
    }

    @Test
    void everythingElseIsRefused() {
        for (String s : new String[] {"2019-02-29", "2019-13-01", "2019-00-10", "2019-04-31", "2019-1-01",
                "2019-01-1", "19-01-01", "+2019-01-01", "2019/01/01", "2019-01-01T00:00", " 2019-01-01",
                "２０１９-01-01", "2019-0a-01", "", "2019-01-00"}) {
            assertThat(HouseholdReader.isoDate(s)).as(s).isNull();
        }
    }
}
