package io.coveragerules.dtr;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.QuestionnaireResponse;

/**
 * Names the item a validator message is about. HAPI's messages locate an answer by its path
 * ({@code QuestionnaireResponse.item[3].answer[0].value}); a developer needs the item's linkId, so it is appended.
 */
final class ItemNames {

    private static final Pattern ITEM_PATH = Pattern.compile("QuestionnaireResponse((?:\\.(?:item|answer)\\[\\d+])+)");
    private static final Pattern STEP = Pattern.compile("\\.(item|answer)\\[(\\d+)]");

    private ItemNames() {}

    static String withLinkId(String message, QuestionnaireResponse response) {
        Matcher path = ITEM_PATH.matcher(message);
        if (!path.find()) {
            return message;
        }
        String linkId = linkIdAt(path.group(1), response);
        return linkId == null || message.contains("'" + linkId + "'") ? message : message + " (item '" + linkId + "')";
    }

    private static String linkIdAt(String path, QuestionnaireResponse response) {
        List<QuestionnaireResponse.QuestionnaireResponseItemComponent> items = response.getItem();
        QuestionnaireResponse.QuestionnaireResponseItemComponent item = null;
        Matcher step = STEP.matcher(path);
        while (step.find()) {
            int index = Integer.parseInt(step.group(2));
            if (step.group(1).equals("item")) {
                if (index >= items.size()) {
                    return item == null ? null : item.getLinkId();
                }
                item = items.get(index);
                items = item.getItem();
            } else if (item != null && index < item.getAnswer().size()) {
                items = item.getAnswer().get(index).getItem();
            }
        }
        return item == null ? null : item.getLinkId();
    }
}
