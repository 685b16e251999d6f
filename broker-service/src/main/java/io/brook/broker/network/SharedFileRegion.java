package io.brook.broker.network;

import io.netty.channel.DefaultFileRegion;
import java.nio.channels.FileChannel;

/**
 * A zero-copy region of a segment file whose channel is owned by the log, not by the network.
 *
 * <p>Netty's native transports send a {@link DefaultFileRegion} with {@code sendfile(2)}, but the default region
 * closes its file when released. Segment channels are shared by every reader and closed by the log manager only
 * after a delay once the segment is deleted, so releasing a region must leave the channel open.
 */
final class SharedFileRegion extends DefaultFileRegion {

    SharedFileRegion(FileChannel channel, long position, long count) {
        super(channel, position, count);
    }

    @Override
    protected void deallocate() {
        // The channel belongs to the log segment.
    }
}
