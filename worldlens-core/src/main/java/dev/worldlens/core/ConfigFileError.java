package dev.worldlens.core;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * A config file that Jackson could not map, said in the file's own terms: the field as a path of its YAML keys and
 * list positions ({@code families[2].steps}), not Java class names, and for an unknown key the keys that are known.
 */
public final class ConfigFileError {
    private ConfigFileError() {
    }

    public static InvalidInputException of(String file, JsonMappingException e) {
        StringBuilder field = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                field.append(field.length() > 0 ? "." : "").append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                field.append('[').append(r.getIndex()).append(']');
            }
        }
        String problem;
        if (e instanceof UnrecognizedPropertyException u) {
            problem = "unknown field '" + u.getPropertyName() + "'; known fields are " + u.getKnownPropertyIds();
        } else {
            // Jackson's own wording names the Java type it was building; keep only what the user can act on
            String m = e.getOriginalMessage();
            problem = m.replaceAll("\\(?(class|type) `?[\\w.$]+`?\\)?", "").replaceAll("`[\\w.$]+`", "").strip();
        }
        return new InvalidInputException(file, field.length() == 0 ? "yaml" : field.toString(), problem);
    }
}
