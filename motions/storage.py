"""django-formtools storage that keeps a question flow's state on the Motion row, not in the session.

Every step's input is written to the database as soon as it is posted (valid or not, when the person
goes back), so a session timeout, a new sign-in or another device loses nothing. The view puts the
motion on the request (`request.motion_draft`) before the wizard builds its storage.
"""

import copy

from formtools.wizard.storage.base import BaseStorage

from motions.services import motion_wizard_store

NOT_KEPT = {"csrfmiddlewaretoken", "wizard_goto_step"}


class MotionDraftStorage(BaseStorage):
    def __init__(self, prefix, request=None, file_storage=None):
        super().__init__(prefix, request, file_storage)
        self.motion = request.motion_draft
        self._saved = copy.deepcopy(self.motion.wizard or {})
        if self._saved.get(self.step_data_key) is None:
            self.init_data()
        else:
            self._data = copy.deepcopy(self._saved)

    def _get_data(self):
        return self._data

    def _set_data(self, value):
        self._data = value

    data = property(_get_data, _set_data)

    def set_step_data(self, step, cleaned_data):
        super().set_step_data(step, cleaned_data)
        values = self.data[self.step_data_key][step]
        for name in NOT_KEPT:
            values.pop(name, None)

    def reset(self):
        """After the last step the answers stay (the person may come back to change them): only the
        position goes back to the start."""
        self.data[self.step_key] = None

    def update_response(self, response):
        super().update_response(response)
        if self._data != self._saved:
            motion_wizard_store(motion=self.motion, data=self._data)
            self._saved = copy.deepcopy(self._data)
