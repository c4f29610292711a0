package io.agentry.knowledge;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keyword queries in web-search syntax, as PostgreSQL's {@code websearch_to_tsquery} reads them,
 * for the embedded database's Java search: every word must appear; {@code "a phrase"} must
 * appear as written; {@code or} between words offers alternatives; {@code -word} excludes.
 * Words are lower-cased letters and digits; common English stop words are ignored.
 */
public final class KeywordQuery {

    static final Set<String> STOP_WORDS = Set.of("a", "an", "and", "are", "as", "at", "be", "by", "do", "does",
            "for", "from", "how", "i", "in", "is", "it", "of", "on", "our", "the", "to", "what", "when", "where",
            "which", "who", "why", "with", "we", "you", "your", "can", "my", "me", "this", "that", "was", "were", "will");

    private static final Pattern TOKEN = Pattern.compile("(-?)\"([^\"]*)\"?|(\\S+)");

    /** One alternative: all of its terms and phrases, none of its exclusions. */
    record Clause(List<String> terms, List<String> phrases, List<String> excluded) {
    }

    private final List<Clause> clauses;

    private KeywordQuery(List<Clause> clauses) {
        this.clauses = clauses;
    }

    public static KeywordQuery parse(String query) {
        List<Clause> clauses = new ArrayList<>();
        Clause current = new Clause(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        Matcher m = TOKEN.matcher(query);
        while (m.find()) {
            if (m.group(2) != null) { // a quoted phrase
                String phrase = String.join(" ", words(m.group(2)));
                if (!phrase.isEmpty()) {
                    (m.group(1).isEmpty() ? current.phrases() : current.excluded()).add(phrase);
                }
                continue;
            }
            String token = m.group(3);
            if (token.equalsIgnoreCase("or")) {
                clauses.add(current);
                current = new Clause(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
                continue;
            }
            boolean exclude = token.startsWith("-") && token.length() > 1;
            for (String w : words(exclude ? token.substring(1) : token)) {
                if (!STOP_WORDS.contains(w)) {
                    (exclude ? current.excluded() : current.terms()).add(w);
                }
            }
        }
        clauses.add(current);
        clauses.removeIf(c -> c.terms().isEmpty() && c.phrases().isEmpty());
        return new KeywordQuery(clauses);
    }

    public boolean isEmpty() {
        return clauses.isEmpty();
    }

    /** Every word a matching text may be ranked on. */
    public Set<String> positiveWords() {
        Set<String> all = new java.util.HashSet<>();
        for (Clause c : clauses) {
            all.addAll(c.terms());
            c.phrases().forEach(p -> all.addAll(List.of(p.split(" "))));
        }
        return all;
    }

    /** Whether a text (given as its {@link #words} joined by single spaces, padded with spaces) matches. */
    public boolean matches(String normalized, Set<String> wordsOfText) {
        for (Clause c : clauses) {
            if (wordsOfText.containsAll(c.terms())
                    && c.phrases().stream().allMatch(p -> normalized.contains(" " + p + " "))
                    && c.excluded().stream().noneMatch(x -> x.contains(" ") ? normalized.contains(" " + x + " ") : wordsOfText.contains(x))) {
                return true;
            }
        }
        return false;
    }

    static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        for (String w : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
            if (!w.isEmpty()) {
                words.add(w);
            }
        }
        return words;
    }
}
