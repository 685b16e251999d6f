package io.brook.broker.network;

/** Told when client connections open and close (for metrics). Called on event loops; must not block. */
public interface ConnectionListener {

    void connectionOpened();

    void connectionClosed();

    ConnectionListener NONE = new ConnectionListener() {
        @Override
        public void connectionOpened() {}

        @Override
        public void connectionClosed() {}
    };
}
