package io.coveragerules.policy;

import java.util.List;

/** Every content file as read and prepared (CQL attached, ValueSets expanded), before policies are built from it. */
record LoadedContent(List<ContentFile> files) {}
