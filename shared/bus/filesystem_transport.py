"""kombu's filesystem transport, with message files that appear only once fully written.

kombu (5.7) creates a message file under its final ``<time>_<uuid>.<queue>.msg`` name and
then writes it, while a consumer in another thread or process lists the folder, moves any
matching file away and reads it without a lock. A consumer that catches a file between
creation and write reads an empty body: ``drain_events`` raises JSONDecodeError (the consumer
loop dies) and the moved file, hence the message, is gone. Here each message is written under
a name no queue matches (``.msg.part``) and renamed into place, which is atomic within one
folder, so a consumer only ever sees whole messages. Failure behaviour is kombu's: an OSError
while writing raises ChannelError and leaves no ``.msg`` file behind.
"""

from __future__ import annotations

import os
import uuid
from time import monotonic

from kombu.exceptions import ChannelError
from kombu.transport import filesystem
from kombu.utils.encoding import str_to_bytes
from kombu.utils.json import dumps


class Channel(filesystem.Channel):
    """Filesystem channel whose ``_put`` writes a temporary file and renames it into place."""

    def _put(self, queue, payload, **kwargs):
        """Put ``payload`` onto ``queue``, visible to consumers only once complete."""
        name = f"{int(round(monotonic() * 1000))}_{uuid.uuid4()}.{queue}.msg"
        final = os.path.join(self.data_folder_out, name)
        partial = final + ".part"
        try:
            with open(partial, "wb") as f:
                f.write(str_to_bytes(dumps(payload)))
            os.replace(partial, final)
        except OSError as exc:
            try:
                os.remove(partial)
            except OSError:
                pass
            raise ChannelError(f"Cannot add file {final!r} to directory") from exc


class Transport(filesystem.Transport):
    """kombu's filesystem transport with atomic message files."""

    Channel = Channel
