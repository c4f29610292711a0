package io.agentry.usage;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Estimated cost of a model call from a configurable table of USD prices per million prompt and
 * completion tokens ({@code model=prompt/completion,...}). A model matches the longest entry it
 * starts with (so {@code gpt-4o-mini-2024-07-18} takes {@code gpt-4o-mini}); unknown models and
 * local providers cost 0.
 */
@ApplicationScoped
public class PriceTable {

    static final String DEFAULT_PRICES = "gpt-4o-mini=0.15/0.60,gpt-4o=2.50/10.00,gpt-4.1-nano=0.10/0.40,"
            + "gpt-4.1-mini=0.40/1.60,gpt-4.1=2.00/8.00,o4-mini=1.10/4.40,claude-3-5-haiku=0.80/4.00,"
            + "claude-haiku-4=1.00/5.00,claude-sonnet-4=3.00/15.00,claude-opus-4=15.00/75.00";
    private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

    @Inject
    @ConfigProperty(name = "agentry.usage.prices", defaultValue = DEFAULT_PRICES)
    String prices;

    /** per-token (pay per use with the operator's keys) or subscription-quota, as CrewForm reports it. */
    @Inject
    @ConfigProperty(name = "agentry.usage.billing-model", defaultValue = "per-token")
    String billingModel;

    private Map<String, BigDecimal[]> table;

    @PostConstruct
    void load() {
        table = parse(prices);
    }

    static Map<String, BigDecimal[]> parse(String text) {
        Map<String, BigDecimal[]> parsed = new LinkedHashMap<>();
        for (String entry : text.split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            int eq = entry.indexOf('=');
            int slash = entry.indexOf('/', eq);
            if (eq < 1 || slash < 0) {
                throw new IllegalArgumentException("agentry.usage.prices: '" + entry.trim() + "' is not model=prompt/completion");
            }
            parsed.put(entry.substring(0, eq).trim().toLowerCase(), new BigDecimal[] {
                    new BigDecimal(entry.substring(eq + 1, slash).trim()), new BigDecimal(entry.substring(slash + 1).trim())});
        }
        return parsed;
    }

    public BigDecimal cost(String model, int promptTokens, int completionTokens) {
        String name = model == null ? "" : model.toLowerCase();
        BigDecimal[] best = null;
        int bestLength = -1;
        for (Map.Entry<String, BigDecimal[]> e : table.entrySet()) {
            if (name.startsWith(e.getKey()) && e.getKey().length() > bestLength) {
                best = e.getValue();
                bestLength = e.getKey().length();
            }
        }
        if (best == null) {
            return BigDecimal.ZERO.setScale(8);
        }
        return best[0].multiply(BigDecimal.valueOf(promptTokens)).add(best[1].multiply(BigDecimal.valueOf(completionTokens)))
                .divide(MILLION, 8, RoundingMode.HALF_UP);
    }

    public String billingModel() {
        return billingModel;
    }
}
