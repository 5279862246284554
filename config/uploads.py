"""Upload limits enforced while the request body is read, not after it has been stored."""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler


class OversizedUpload(UploadedFile):
    """What is left of a file over the limit: its name and size, no content (nothing was kept)."""

    def __init__(self, name: str, size: int, content_type: str | None):
        super().__init__(file=None, name=name, content_type=content_type, size=size)

    def open(self, mode=None):
        return self

    def read(self, *args):
        return b""

    def seek(self, *args):
        return 0


class LimitedUploadHandler(FileUploadHandler):
    """First upload handler: refuses a body over UPLOAD_MAX_REQUEST_BYTES before reading it, and
    stops keeping a file as soon as it passes UPLOAD_MAX_BYTES, so the form can say it is too big.
    """

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        if content_length and content_length > settings.UPLOAD_MAX_REQUEST_BYTES:
            raise RequestDataTooBig("Request body exceeded settings.UPLOAD_MAX_REQUEST_BYTES.")
        return None

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > settings.UPLOAD_MAX_BYTES:
            return None  # the later handlers never see the rest
        return raw_data

    def file_complete(self, file_size):
        if self.received > settings.UPLOAD_MAX_BYTES:
            return OversizedUpload(self.file_name, self.received, self.content_type)
        return None
