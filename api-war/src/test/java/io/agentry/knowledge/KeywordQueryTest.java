package io.agentry.knowledge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KeywordQueryTest {

    private static boolean matches(String query, String text) {
        List<String> words = KeywordQuery.words(text);
        return KeywordQuery.parse(query).matches(" " + String.join(" ", words) + " ", new HashSet<>(words));
    }

    @Test
    void everyWordMustAppearButStopWordsAreIgnored() {
        assertTrue(matches("What is the refund policy?", "Our refund policy: 30 days."));
        assertFalse(matches("refund policy", "Our refund rules."));
        assertTrue(KeywordQuery.parse("the of and").isEmpty());
    }

    @Test
    void phrasesAlternativesAndExclusions() {
        assertTrue(matches("\"error code\" ERR-4471", "The error code ERR-4471 means a quota was hit."));
        assertFalse(matches("\"code error\"", "The error code ERR-4471."));
        assertTrue(matches("refund or cancellation", "Cancellation is free."));
        assertFalse(matches("refund -annual", "Annual plans get a refund."));
        assertTrue(matches("refund -annual", "Monthly plans get a refund."));
        assertFalse(matches("refund -\"annual plans\"", "Annual plans get a refund."));
    }

    @Test
    void positiveWordsAreWhatRankingCounts() {
        assertEquals(Set.of("refund", "annual", "plans", "cancel"), KeywordQuery.parse("refund \"annual plans\" or cancel -monthly").positiveWords());
    }
}
