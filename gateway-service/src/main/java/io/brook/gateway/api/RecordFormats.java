package io.brook.gateway.api;

import io.brook.gateway.codec.RecordFormat;

/** Reading the {@code keyFormat}/{@code valueFormat} request parameters. */
final class RecordFormats {

    private RecordFormats() {}

    static RecordFormat orDefault(String parameter, RecordFormat fallback) {
        RecordFormat format = RecordFormat.parse(parameter);
        return format != null ? format : fallback;
    }
}
