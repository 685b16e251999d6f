package io.brook.broker.metadata;

/** Told of every committed metadata change, in commit order, with the images before and after it. */
@FunctionalInterface
public interface MetadataListener {

    void onMetadataChange(MetadataImage previous, MetadataImage current);
}
