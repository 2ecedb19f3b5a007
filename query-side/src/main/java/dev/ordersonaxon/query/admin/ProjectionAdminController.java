package dev.ordersonaxon.query.admin;

import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
// produces: an Accept that JSON cannot satisfy is refused (406) before a retry or replay
// starts, not after
@RequestMapping(path = "/api/admin/projections", produces = MediaType.APPLICATION_JSON_VALUE)
class ProjectionAdminController {

	private final ProjectionAdmin admin;

	ProjectionAdminController(ProjectionAdmin admin) {
		this.admin = admin;
	}

	@GetMapping
	List<ProjectionStatus> projections() {
		return this.admin.statuses();
	}

	@PostMapping("/{name}/replay")
	ResponseEntity<ProjectionStatus> replay(@PathVariable String name) {
		this.admin.replay(name);
		return ResponseEntity.status(HttpStatus.ACCEPTED).body(this.admin.status(name));
	}

}
