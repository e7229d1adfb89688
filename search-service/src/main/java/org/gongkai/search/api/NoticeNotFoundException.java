package org.gongkai.search.api;

/** No notice has this id (it was never indexed, or it was removed). */
class NoticeNotFoundException extends RuntimeException {

    NoticeNotFoundException(String id) {
        super("no notice " + id);
    }
}
